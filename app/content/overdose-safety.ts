import type { Locale } from '#db/schema'

/**
 * The overdose-safety text, identical in both arms (issue 15, DESIGN.md "Safety"). Lessons and
 * practice guides show it with `<OverdoseSafety />`; a leader reads it aloud as written.
 * Participant-facing: it must pass the blinding word check for both arms (unit-tested), and it
 * gives no medical advice beyond "talk to your prescriber".
 */
export const OVERDOSE_SAFETY = {
  heading: 'Overdose safety',
  points: [
    'After a break from using, a lapse, or missed doses of your medication, your body can take less than before. ' +
      'The amount you used to take can now cause an overdose.',
    'Carry naloxone (Narcan) and tell the people around you where it is. Naloxone is a medicine that can bring ' +
      'someone back from an opioid overdose. In the US, pharmacies sell it without a prescription, and many local ' +
      'health departments and community programs give it out for free.',
    'Do not use alone. If you do use, have someone with you who has naloxone and knows how to give it.',
    'If someone will not wake up or is not breathing well, call 911 and give naloxone. Stay with them until help comes.',
    'Questions about your medication or missed doses? Talk to your prescriber.',
  ],
} as const

/** The same text as one plain string (for read-aloud, checks and tests). */
export const OVERDOSE_SAFETY_TEXT = [OVERDOSE_SAFETY.heading, ...OVERDOSE_SAFETY.points].join('\n')

/**
 * The Spanish text, point for point the English one (usted form; identical in both arms). Spanish
 * guides show it through the same `<OverdoseSafety />`. Awaiting a native-speaker clinical review
 * (README); change it only together with the English one.
 */
export const OVERDOSE_SAFETY_ES = {
  heading: 'Seguridad ante una sobredosis',
  points: [
    'Después de un tiempo sin usar, un desliz o dosis de su medicamento que no tomó, su cuerpo aguanta menos que ' +
      'antes. La cantidad que antes usaba ahora puede causar una sobredosis.',
    'Lleve naloxona (Narcan) y diga a las personas cercanas dónde la tiene. La naloxona es un medicamento que puede ' +
      'revertir una sobredosis de opioides. En los EE. UU., las farmacias la venden sin receta, y muchos departamentos ' +
      'de salud locales y programas comunitarios la dan gratis.',
    'No use a solas. Si usa, tenga cerca a alguien que tenga naloxona y sepa cómo dársela.',
    'Si alguien no despierta o no respira bien, llame al 911 y dele naloxona. Quédese con la persona hasta que ' +
      'llegue la ayuda.',
    '¿Tiene preguntas sobre su medicamento o sobre dosis que no tomó? Hable con su médico que le receta.',
  ],
} as const satisfies { heading: string; points: readonly string[] }

export const OVERDOSE_SAFETY_ES_TEXT = [OVERDOSE_SAFETY_ES.heading, ...OVERDOSE_SAFETY_ES.points].join('\n')

/** The overdose-safety text in a content or page language (English for any other). */
export function overdoseSafety(lang: Locale | string): { heading: string; points: readonly string[] } {
  return lang === 'es' ? OVERDOSE_SAFETY_ES : OVERDOSE_SAFETY
}
