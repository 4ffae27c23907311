import { scaleBand, scaleLinear, type ScaleLinear } from 'd3-scale'
import { line } from 'd3-shape'

/**
 * Server-rendered SVG charts (no client JavaScript). Every chart has a title and a text
 * description for screen readers; the numbers are always also in a table or list nearby.
 */
export const SERIES_COLORS = ['#1f6f6f', '#9a3412', '#4338ca', '#a16207']

type Series = { label: string; values: (number | null)[] }

function YGrid({ y, left, right }: { y: ScaleLinear<number, number>; left: number; right: number }) {
  return (
    <>
      {y.ticks(4).map((t) => (
        <g key={t}>
          <line x1={left} x2={right} y1={y(t)} y2={y(t)} stroke="#cbd5e1" />
          <text x={left - 4} y={y(t)} textAnchor="end" dominantBaseline="middle" fontSize="11" fill="#334155">
            {t}
          </text>
        </g>
      ))}
    </>
  )
}

function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-4 text-sm" aria-hidden="true">
      {series.map((s, i) => (
        <li key={s.label} className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-sm" style={{ background: SERIES_COLORS[i] }} />
          {s.label}
        </li>
      ))}
    </ul>
  )
}

/** `width` is the drawing's coordinate width: use a narrow one (about 360) for phone pages so labels stay legible. */
export function BarChart({
  title,
  description,
  categories,
  series,
  max,
  height = 180,
  width = 720,
}: {
  title: string
  description: string
  categories: (string | number)[]
  series: Series[]
  max?: number
  height?: number
  width?: number
}) {
  const margin = { top: 10, right: 10, bottom: 28, left: 36 }
  const top = max ?? Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)))
  const x = scaleBand<string>()
    .domain(categories.map(String))
    .range([margin.left, width - margin.right])
    .padding(0.2)
  const inner = scaleBand<number>()
    .domain(series.map((_, i) => i))
    .range([0, x.bandwidth()])
    .padding(0.05)
  const y = scaleLinear()
    .domain([0, top])
    .nice()
    .range([height - margin.bottom, margin.top])
  return (
    <figure className="my-2">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-auto w-full"
        role="img"
        aria-label={`${title}. ${description}`}
      >
        <title>{title}</title>
        <YGrid y={y} left={margin.left} right={width - margin.right} />
        {categories.map((c) => (
          <g key={c} transform={`translate(${x(String(c))},0)`}>
            {series.map((s, i) => {
              const v = s.values[categories.indexOf(c)]
              if (v == null) return null
              return (
                <rect
                  key={s.label}
                  x={inner(i)}
                  y={y(v)}
                  width={inner.bandwidth()}
                  height={y(0) - y(v)}
                  fill={SERIES_COLORS[i]}
                >
                  <title>{`${s.label}, ${c}: ${v}`}</title>
                </rect>
              )
            })}
            <text x={x.bandwidth() / 2} y={height - 10} textAnchor="middle" fontSize="11" fill="#334155">
              {c}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      <Legend series={series} />
    </figure>
  )
}

export function LineChart({
  title,
  description,
  categories,
  series,
  min = 0,
  max,
  height = 180,
  width = 720,
  gaps = false,
  markers = true,
}: {
  title: string
  description: string
  categories: (string | number)[]
  series: Series[]
  min?: number
  max?: number
  height?: number
  width?: number
  /**
   * A missing value (null) breaks the line, so a category without a value shows as a gap on the
   * axis (a missed week) instead of a line drawn across it. Off: the line joins the points given.
   */
  gaps?: boolean
  /** A dot with its value on each point; off where a table beside the chart gives every value. */
  markers?: boolean
}) {
  const margin = { top: 10, right: 16, bottom: 28, left: 36 }
  const top = max ?? Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)))
  const x = scaleLinear()
    .domain([0, Math.max(1, categories.length - 1)])
    .range([margin.left, width - margin.right])
  // On a narrow drawing with many categories (24 weeks on a phone) every other label is shown, so
  // they never overlap; the last one always is.
  const labelEvery = Math.max(1, Math.ceil((categories.length * 16) / (width - margin.left - margin.right)))
  const y = scaleLinear()
    .domain([min, top])
    .nice()
    .range([height - margin.bottom, margin.top])
  return (
    <figure className="my-2">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-auto w-full"
        role="img"
        aria-label={`${title}. ${description}`}
      >
        <title>{title}</title>
        <YGrid y={y} left={margin.left} right={width - margin.right} />
        {categories.map((c, i) =>
          (categories.length - 1 - i) % labelEvery === 0 ? (
            <text key={c} x={x(i)} y={height - 10} textAnchor="middle" fontSize="11" fill="#334155">
              {c}
            </text>
          ) : null,
        )}
        {series.map((s, si) => {
          const points = s.values
            .map((v, i) => [i, v] as const)
            .filter((p): p is readonly [number, number] => p[1] != null)
          const path = gaps
            ? line<number | null>()
                .defined((v) => v != null)
                .x((_, i) => x(i))
                .y((v) => y(v ?? 0))(s.values)
            : line<readonly [number, number]>()
                .x((p) => x(p[0]))
                .y((p) => y(p[1]))(points)
          return (
            <g key={s.label}>
              {path ? <path d={path} fill="none" stroke={SERIES_COLORS[si]} strokeWidth={2.5} /> : null}
              {(markers ? points : []).map(([i, v]) => (
                <circle key={i} cx={x(i)} cy={y(v)} r={4} fill={SERIES_COLORS[si]}>
                  <title>{`${s.label}, ${categories[i]}: ${v}`}</title>
                </circle>
              ))}
            </g>
          )
        })}
      </svg>
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      {series.length > 1 ? <Legend series={series} /> : null}
    </figure>
  )
}
