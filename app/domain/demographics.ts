/** Demographic categories collected at enrolment, used by equity reports (docs/product.md, retention). */
export const GENDERS = ['Woman', 'Man', 'Non-binary', 'Another gender', 'Prefer not to say']
export const RACE_ETHNICITY = [
  'Hispanic or Latino',
  'Non-Hispanic white',
  'Non-Hispanic Black',
  'Asian',
  'American Indian or Alaska Native',
  'Native Hawaiian or Pacific Islander',
  'More than one race',
  'Another race or ethnicity',
  'Prefer not to say',
]
export const LANGUAGES = ['English', 'Spanish', 'Another language']
