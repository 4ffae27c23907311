import { createContext, useContext } from 'react'

/** The per-request Content-Security-Policy nonce (server.js), for Remix's inline scripts. */
export const NonceContext = createContext<string>('')
export const NonceProvider = NonceContext.Provider
export const useNonce = () => useContext(NonceContext)
