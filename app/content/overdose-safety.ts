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
