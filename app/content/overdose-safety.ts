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
 * The same text in Spanish (neutral Latin American; native-speaker clinical review pending, ADR 011),
 * point for point, identical in both arms. Participant pages in Spanish show this one.
 */
export const OVERDOSE_SAFETY_ES = {
  heading: 'Prevención de sobredosis',
  points: [
    'Después de un tiempo sin usar, de una recaída o de saltarse dosis de su medicamento, su cuerpo aguanta menos ' +
      'que antes. La cantidad que usaba antes ahora puede causar una sobredosis.',
    'Lleve naloxona (Narcan) y diga a las personas cercanas dónde la tiene. La naloxona es un medicamento que puede ' +
      'revertir una sobredosis de opioides. En EE. UU. las farmacias la venden sin receta, y muchos departamentos de ' +
      'salud y programas comunitarios la regalan.',
    'No use a solas. Si usa, tenga con usted a alguien que tenga naloxona y sepa cómo darla.',
    'Si alguien no despierta o no respira bien, llame al 911 y dele naloxona. Quédese con la persona hasta que llegue ayuda.',
    '¿Preguntas sobre su medicamento o dosis que se saltó? Hable con quien le receta.',
  ],
} as const satisfies { heading: string; points: readonly string[] }

/** The overdose-safety text in a page language (the English one for any other). */
export function overdoseSafety(locale: string): { heading: string; points: readonly string[] } {
  return locale === 'es' ? OVERDOSE_SAFETY_ES : OVERDOSE_SAFETY
}
