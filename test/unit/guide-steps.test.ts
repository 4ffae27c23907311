import fs from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'
import { describe, expect, test } from 'vitest'
import { guideSteps, pauseSecondsOf, speakable } from '~/content/guide-steps'

const practices = path.resolve('content/practices')
const body = (slug: string) => matter(fs.readFileSync(path.join(practices, `${slug}.mdx`), 'utf8')).content

describe('guideSteps: the numbered steps a guide reads aloud', () => {
  test('breath awareness: nine steps, each pause from its cue, the cue not spoken', () => {
    const steps = guideSteps(body('breath-awareness'))
    expect(steps.map((s) => s.pauseSeconds)).toEqual([30, 30, 45, 30, 60, 120, 120, 120, 30])
    expect(steps[0].text).toBe(
      "Find a position that feels okay. You can sit, stand, or lie down. Keep your eyes open and looking down, or close them. It's your choice.",
    )
    for (const s of steps) expect(s.text).not.toMatch(/pause/i)
  })

  test('a step without a cue has no pause; nested bullets stay part of their step', () => {
    const steps = guideSteps(body('decisional-balance'))
    expect(steps).toHaveLength(8)
    expect(steps.every((s) => s.pauseSeconds === null)).toBe(true)
    expect(steps[1].text).toBe(
      'Make four lists with these headings: Good things about staying the same; Not-so-good things about staying the same; Good things about changing; Not-so-good things about changing',
    )
  })

  test('bold text is spoken without its markers; paragraphs after the list are not steps', () => {
    const steps = guideSteps(body('activity-scheduling'))
    expect(steps[0].text.startsWith('Look back at today.')).toBe(true)
    expect(steps.map((s) => s.text).join(' ')).not.toMatch(/\*\*/)
    expect(steps).toHaveLength(8)
  })

  test('every guide with a Steps section gives steps, and every pause cue in it is parsed', () => {
    for (const file of fs.readdirSync(practices).filter((f) => f.endsWith('.mdx'))) {
      const md = body(file.replace(/\.mdx$/, ''))
      const steps = guideSteps(md)
      if (/^## Steps\s*$/m.test(md)) expect(steps.length, file).toBeGreaterThan(0)
      for (const s of steps) expect(s.text, file).not.toMatch(/\(pause|\*\*/i)
    }
  })

  test('Spanish: "## Pasos" and the Spanish pause cues', () => {
    const md = [
      '## Cuándo usarla',
      '',
      '1. Esto no es un paso.',
      '',
      '## Pasos',
      '',
      '1. Busque una postura cómoda. (pausa de unos 30 segundos)',
      '2. **Note** su respiración. (pausa de un minuto)',
      '3. Siga así. (pausa de unos 2 minutos)',
      '4. Mueva los dedos.',
      '',
      '## Después',
      '',
      '1. Tampoco es un paso.',
    ].join('\n')
    expect(guideSteps(md)).toEqual([
      { text: 'Busque una postura cómoda.', pauseSeconds: 30 },
      { text: 'Note su respiración.', pauseSeconds: 60 },
      { text: 'Siga así.', pauseSeconds: 120 },
      { text: 'Mueva los dedos.', pauseSeconds: null },
    ])
  })

  test('a guide without a Steps section has no steps', () => {
    expect(guideSteps('## When to use it\n\n1. Any time.\n')).toEqual([])
  })
})

describe('pause cues and speakable text', () => {
  test('English and Spanish cues, singular and plural', () => {
    expect(pauseSecondsOf('(pause about 1 minute)')).toBe(60)
    expect(pauseSecondsOf('(pause about 15 seconds)')).toBe(15)
    expect(pauseSecondsOf('(Pause about 3 minutes)')).toBe(180)
    expect(pauseSecondsOf('(pausa de unos 45 segundos)')).toBe(45)
    expect(pauseSecondsOf('(pausa de un minuto)')).toBe(60)
    expect(pauseSecondsOf('(pausa de unos 3 minutos)')).toBe(180)
    expect(pauseSecondsOf('Breathe. (pause about 30 seconds) Again. (pause about 30 seconds)')).toBe(60)
    expect(pauseSecondsOf('no cue here')).toBeNull()
  })

  test('markdown, links and tags are dropped', () => {
    expect(speakable('**Look** at [the map](/x) and *rest*. <Tip>ok</Tip>  now')).toBe(
      'Look at the map and rest. ok now',
    )
    expect(speakable('snake_case_word stays')).toBe('snake_case_word stays')
  })
})
