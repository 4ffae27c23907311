import { bundleMDX } from 'mdx-bundler'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { LessonView } from '~/components/lesson-view'
import { OVERDOSE_SAFETY, OVERDOSE_SAFETY_ES } from '~/content/overdose-safety'
import { contentHtml } from '~/mdx/components.server'

async function render(source: string) {
  const { code } = await bundleMDX({ source })
  return contentHtml({ hash: `test-${source.length}-${source.slice(0, 20)}`, code })
}

describe('MDX components added in issue 15', () => {
  test('<OverdoseSafety /> renders the one fixed text, with 911 as a call link', async () => {
    const html = await render('Read this as written:\n\n<OverdoseSafety />\n')
    expect(html).toContain('aria-label="Overdose safety"')
    for (const point of OVERDOSE_SAFETY.points) {
      for (const part of point.split('911')) expect(html).toContain(part.replace(/'/g, '&#x27;').slice(0, 40))
    }
    expect(html).toContain('<a href="tel:911">911</a>')
  })

  test('<Sources> renders a facilitator-facing credits aside around its list', async () => {
    const html = await render(
      '<Sources>\n\n- Self-compassion break: adapted from Kristin Neff.\n- Urge surfing: G. Alan Marlatt.\n\n</Sources>\n',
    )
    expect(html).toContain('aria-label="Sources and credits"')
    expect(html).toContain('<h2 class="text-lg">Sources and credits</h2>')
    expect(html).toMatch(/<ul>\s*<li>Self-compassion break: adapted from Kristin Neff.<\/li>/)
  })

  test('both work inside a segment alongside the existing components', async () => {
    const html = await render(
      [
        '<Segment title="Safety" minutes={5}>',
        '',
        '<FacilitatorNote>',
        '',
        'Read the box as written.',
        '',
        '</FacilitatorNote>',
        '',
        '<OverdoseSafety />',
        '',
        '<CrisisNote />',
        '',
        '</Segment>',
        '',
        '<Sources>',
        '',
        '- Window of tolerance: Dan Siegel.',
        '',
        '</Sources>',
      ].join('\n'),
    )
    expect(html).toContain('Safety, 5 minutes')
    expect(html).toContain('Overdose safety')
    expect(html).toContain('Crisis support')
    expect(html).toContain('Window of tolerance: Dan Siegel.')
  })
})

describe('LessonView shows preparation and competence domains', () => {
  const lesson = {
    title: 'Week 9',
    arm: 'mrocc' as const,
    phase: 'intensive',
    week: 9,
    summary: 'What this session covers.',
    theme: 'A plain theme.',
    agenda: [{ title: 'All', minutes: 60 }],
    homePracticeMinutes: 140,
    prep: ['Materials: a bell', 'Announce the week before: the new group shape', 'Online: test breakout rooms'],
    fidelity: [{ id: 'm09-a', text: 'Leader names the theme' }],
    competence: [
      { id: 'm09-c-guiding', text: 'Guiding the practice' },
      { id: 'm09-c-inquiry', text: 'Conveying themes through inquiry' },
      { id: 'm09-c-holding', text: 'Holding the group learning environment' },
    ],
    proscribed: [{ id: 'm09-no-x', text: 'Something' }],
    practices: ['sitting-practice'],
    slug: 'mrocc/week-09',
    hash: 'abc',
    html: '<p>Body</p>',
  }

  test('"Before the session" comes before the agenda; competence domains sit with the fidelity items', () => {
    const html = renderToStaticMarkup(createElement(LessonView, { lesson }))
    const prep = html.indexOf('Before the session')
    expect(prep).toBeGreaterThan(-1)
    expect(prep).toBeLessThan(html.indexOf('Agenda ('))
    expect(html).toContain('<li>Announce the week before: the new group shape</li>')
    expect(html.indexOf('Competence domains')).toBeGreaterThan(html.indexOf('Fidelity: prescribed'))
    expect(html.indexOf('Competence domains')).toBeLessThan(html.indexOf('Must not happen'))
    expect(html).toContain('<li>Holding the group learning environment</li>')
    expect(html).toContain('(140 minutes this week)')
  })
})

describe('shared components render in the language of the content', () => {
  const SOURCE = '<OverdoseSafety />\n\n<CrisisNote />\n\n<Sources>\n\n- Algo: Alguien.\n\n</Sources>\n'

  async function renderIn(lang: 'en' | 'es') {
    const { code } = await bundleMDX({ source: SOURCE })
    return contentHtml({ hash: 'same-hash-both-languages', code, lang })
  }

  test('a Spanish guide shows the Spanish overdose text, crisis note (988, press 2) and sources box', async () => {
    const html = await renderIn('es')
    expect(html).toContain(`aria-label="${OVERDOSE_SAFETY_ES.heading}"`)
    expect(html).toContain('Hable con su médico que le receta.')
    expect(html).toContain('<a href="tel:911">911</a>')
    expect(html).toContain('aria-label="Ayuda en una crisis"')
    expect(html).toContain('marque 2 para español')
    expect(html).toContain('<a href="tel:988">988</a>')
    expect(html).toContain('Fuentes y créditos')
    expect(html).not.toContain('Overdose safety')
    expect(html).not.toContain('Crisis support')
  })

  test('the same code rendered as English content stays English (the cache keys on the language)', async () => {
    const html = await renderIn('en')
    expect(html).toContain('aria-label="Overdose safety"')
    expect(html).toContain('aria-label="Crisis support"')
    expect(html).toContain('Sources and credits')
    expect(html).not.toContain('naloxona')
  })
})
