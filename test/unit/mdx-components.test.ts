import { bundleMDX } from 'mdx-bundler'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { LessonView } from '~/components/lesson-view'
import { OVERDOSE_SAFETY } from '~/content/overdose-safety'
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
