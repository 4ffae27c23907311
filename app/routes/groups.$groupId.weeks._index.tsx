/** `/groups/7/weeks`: as `/groups/7`, this week's session screen. */
export { loader } from './groups.$groupId._index'
