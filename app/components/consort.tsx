import type { ConsortCounts } from '~/domain/consort'
import { ARM_LABEL } from '~/domain/arms'

/**
 * The CONSORT flow diagram as a server-rendered SVG (no client JavaScript), printable, with a
 * <title> and <desc> for assistive technology; the page also gives every number in a table.
 */

const WIDTH = 900
const LINE = 17
const PAD = 10
const FONT = 13
const CHARS_NARROW = 52

function wrap(text: string, max: number): string[] {
  const indent = /^\s*/.exec(text)![0]
  // keep "(n = 12)" on one line: no-break spaces inside it, and split on ordinary spaces only
  const words = text
    .trim()
    .replace(/\(n = (\d+)\)/g, '(n\u00a0=\u00a0$1)')
    .split(/ +/)
  const lines: string[] = []
  let current = ''
  for (const w of words) {
    if (current && (current + ' ' + w).length > max) {
      lines.push(current)
      current = `${indent}  ${w}`
    } else current = current ? `${current} ${w}` : `${indent}${w}`
  }
  if (current) lines.push(current)
  return lines
}

type Box = { x: number; y: number; w: number; lines: string[]; bold?: boolean }
const boxHeight = (lines: number) => PAD * 2 + lines * LINE

const CONTINUATION_TEXT: Record<string, string> = {
  continue: 'Chose to continue',
  decline: 'Chose not to continue',
  undecided: 'Undecided',
  not_eligible: 'Not eligible for the offer',
  not_offered: 'Not offered',
  no_record: 'No decision recorded',
}

export type ConsortLines = {
  assessed: string[]
  excluded: string[]
  randomized: string[]
  arms: { allocation: string[]; continuation: string[]; followUp: string[]; analysis: string[] }[]
}

/** The text of every box: used by the figure and its <desc>. */
export function consortLines(c: ConsortCounts, criterionLabel: (kind: string) => string): ConsortLines {
  return {
    assessed: [
      `Assessed for eligibility (n = ${c.assessed})`,
      ...(c.unscreenedRandomized ? [`including ${c.unscreenedRandomized} randomized with no screening-log entry`] : []),
    ],
    excluded: [
      `Excluded (n = ${c.excluded.total})`,
      `• Not meeting criteria (n = ${c.excluded.notEligible.total})`,
      ...c.excluded.notEligible.byCriterion.map((r) => `    – ${criterionLabel(r.kind)}: ${r.text} (n = ${r.n})`),
      `• Declined to participate (n = ${c.excluded.declined})`,
      `• Other reasons (n = ${c.excluded.other.total})`,
      ...c.excluded.other.reasons.map((r) => `    – ${r.reason} (n = ${r.n})`),
    ],
    randomized: [`Randomized (n = ${c.randomized})`],
    arms: c.arms.map((a) => ({
      allocation: [
        `Allocated to ${ARM_LABEL[a.arm]} (n = ${a.allocated})`,
        `• Received allocated intervention (n = ${a.received})`,
        `• Did not receive it: attended no session (n = ${a.notReceived})`,
      ],
      continuation: [
        'Week-8 continuation',
        ...Object.entries(a.continuation)
          .filter(([, n]) => n > 0)
          .map(([code, n]) => `• ${CONTINUATION_TEXT[code]} (n = ${n})`),
      ],
      followUp: [
        `Lost to follow-up (n = ${a.lostToFollowUp.total})`,
        ...a.lostToFollowUp.reasons.map((r) => `    – ${r.reason} (n = ${r.n})`),
        `Discontinued intervention (n = ${a.discontinued.total})`,
        ...a.discontinued.reasons.map((r) => `    – ${r.reason} (n = ${r.n})`),
      ],
      analysis: [
        `Analysed, intention-to-treat (n = ${a.analysed})`,
        `• With primary-outcome data (n = ${a.withPrimaryData})`,
        `• Excluded from analysis (n = ${a.excludedFromAnalysis})`,
      ],
    })),
  }
}

export function ConsortDiagram({ lines, title }: { lines: ConsortLines; title: string }) {
  const boxes: Box[] = []
  const arrows: [number, number, number, number, boolean][] = []
  const stages: { y: number; label: string }[] = []
  const left = 110
  const mainW = 300
  let y = 10

  // Enrolment
  stages.push({ y, label: 'Enrolment' })
  const assessed = { x: left, y, w: mainW, lines: lines.assessed.flatMap((l) => wrap(l, 40)), bold: true }
  boxes.push(assessed)
  const excludedLines = lines.excluded.flatMap((l) => wrap(l, 60))
  const excluded = { x: left + mainW + 60, y: y + boxHeight(assessed.lines.length) + 10, w: 420, lines: excludedLines }
  boxes.push(excluded)
  const midX = left + mainW / 2
  const randomY = excluded.y + boxHeight(excludedLines.length) + 20
  arrows.push([midX, y + boxHeight(assessed.lines.length), midX, randomY, true])
  const branchY = excluded.y + boxHeight(excludedLines.length) / 2
  arrows.push([midX, branchY, excluded.x, branchY, true])
  const randomized = { x: left, y: randomY, w: mainW, lines: lines.randomized, bold: true }
  boxes.push(randomized)
  y = randomY + boxHeight(1) + 30

  // Arms, side by side
  const colW = (WIDTH - left - 20) / 2 - 10
  const cols = lines.arms.map((_, i) => left + i * (colW + 20))
  const rows: (keyof ConsortLines['arms'][number])[] = ['allocation', 'continuation', 'followUp', 'analysis']
  const stageLabel = { allocation: 'Allocation', continuation: 'Week 8', followUp: 'Follow-up', analysis: 'Analysis' }
  const from = randomY + boxHeight(1)
  for (const x of cols) {
    arrows.push([midX, from, midX, from + 12, false])
    arrows.push([midX, from + 12, x + colW / 2, from + 12, false])
    arrows.push([x + colW / 2, from + 12, x + colW / 2, y, true])
  }
  for (const row of lines.arms.length ? rows : []) {
    stages.push({ y, label: stageLabel[row] })
    const wrapped = lines.arms.map((a) => a[row].flatMap((l) => wrap(l, CHARS_NARROW)))
    const h = boxHeight(Math.max(1, ...wrapped.map((w) => w.length)))
    wrapped.forEach((w, i) => boxes.push({ x: cols[i], y, w: colW, lines: w }))
    if (row !== 'analysis')
      wrapped.forEach((w, i) =>
        arrows.push([cols[i] + colW / 2, y + boxHeight(w.length), cols[i] + colW / 2, y + h + 24, true]),
      )
    y += h + 24
  }
  const height = y + 10

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      className="h-auto w-full max-w-5xl bg-white"
      role="img"
      aria-labelledby="consort-title consort-desc"
      fontFamily="system-ui, sans-serif"
    >
      <title id="consort-title">{title}</title>
      <desc id="consort-desc">
        {[
          ...lines.assessed,
          ...lines.excluded,
          ...lines.randomized,
          ...lines.arms.flatMap((a) => [...a.allocation, ...a.continuation, ...a.followUp, ...a.analysis]),
        ].join('. ')}
      </desc>
      <defs>
        <marker id="consort-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" fill="#1e293b" />
        </marker>
      </defs>
      {stages.map((s) => (
        <text key={s.label} x={8} y={s.y + 20} fontSize={FONT} fontWeight="bold" fill="#1f6f6f">
          {s.label}
        </text>
      ))}
      {arrows.map(([x1, y1, x2, y2, head], i) => (
        <line
          key={i}
          x1={x1}
          y1={y1}
          x2={x2}
          y2={y2}
          stroke="#1e293b"
          strokeWidth={1.5}
          markerEnd={head ? 'url(#consort-arrow)' : undefined}
        />
      ))}
      {boxes.map((b, i) => (
        <g key={i}>
          <rect
            x={b.x}
            y={b.y}
            width={b.w}
            height={boxHeight(b.lines.length)}
            fill="#ffffff"
            stroke="#1e293b"
            strokeWidth={1.5}
          />
          {b.lines.map((l, j) => (
            <text
              key={j}
              x={b.x + PAD + (l.length - l.trimStart().length) * 4}
              y={b.y + PAD + LINE * (j + 1) - 4}
              fontSize={FONT}
              fill="#0f172a"
              fontWeight={j === 0 ? 'bold' : 'normal'}
            >
              {l.trimStart()}
            </text>
          ))}
        </g>
      ))}
    </svg>
  )
}
