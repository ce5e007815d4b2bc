// A trend chart drawn on the server as SVG: it is in the page as sent, needs no JavaScript, and
// follows light and dark through the CSS variables it strokes with. The lines stretch to the
// card's width (non-scaling strokes keep them 2 px); the axis labels are HTML placed in percent,
// so they keep the page's font size at every width.
import { chartGeometry, type Series } from './chartGeometry'

export type { Series } from './chartGeometry'

// Labels at the plot's ends are kept inside it, so none sticks out past a phone's edge.
const alignX = (at: number) => (at < 8 ? '' : at > 92 ? '-translate-x-full' : '-translate-x-1/2')

export function TrendChart({ starts, series }: { starts: number[]; series: Series[] }) {
  const g = chartGeometry(starts, series)
  return (
    <div>
      <ul className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-xs">
        {series.map((s) => (
          <li key={s.label} className="flex items-center gap-1.5">
            <span className="inline-block h-0.5 w-4 rounded" style={{ background: `var(${s.color})` }} />
            {s.label}
          </li>
        ))}
      </ul>
      <div className="relative mr-2 mb-6 ml-12 h-[180px]">
        {g.yTicks.map((t) => (
          <span key={t.y} className="absolute right-full mr-2 -translate-y-1/2 text-xs text-muted tabular-nums" style={{ top: `${t.at}%` }}>
            {t.label}
          </span>
        ))}
        {g.xTicks.map((t) => (
          <span key={t.at} className={`absolute top-full mt-1 text-xs whitespace-nowrap text-muted ${alignX(t.at)}`} style={{ left: `${t.at}%` }}>
            {t.label}
          </span>
        ))}
        <svg className="absolute inset-0 h-full w-full overflow-visible" viewBox={`0 0 ${g.width} ${g.height}`} preserveAspectRatio="none" aria-hidden="true">
          {g.yTicks.map((t) => (
            <line key={t.y} x1={0} x2={g.width} y1={t.y} y2={t.y} stroke="var(--color-line)" vectorEffect="non-scaling-stroke" />
          ))}
          {g.lines.map((l) => (
            <g key={l.label} stroke={`var(${l.color})`} fill="none" data-series={l.label}>
              <path d={l.path} strokeWidth={2} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
              {/* Zero-length segments with round caps: dots that stay round when the plot stretches. */}
              {l.dots && <path d={l.dots} strokeWidth={6} strokeLinecap="round" vectorEffect="non-scaling-stroke" />}
            </g>
          ))}
        </svg>
      </div>
    </div>
  )
}
