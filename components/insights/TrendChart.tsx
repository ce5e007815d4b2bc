'use client'
// One uPlot chart of the analytics buckets. Loaded with next/dynamic by the Insights page only, so
// uPlot (~50 KB) is in no other page's JavaScript. Colours come from the page's CSS variables,
// read again when the colour scheme changes, so the chart follows light and dark.
import { useLayoutEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export interface Series {
  label: string
  /** A CSS variable holding the colour, e.g. `--color-accent`. */
  color: string
  values: (number | null)[]
}

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim()

export default function TrendChart({ starts, series, unit }: { starts: number[]; series: Series[]; unit: string }) {
  const box = useRef<HTMLDivElement>(null)
  // Drawn before the browser paints: after a passive effect the empty box would be painted once
  // between the loading placeholder and the chart, shifting everything below it twice.
  useLayoutEffect(() => {
    const el = box.current
    if (!el) return
    let plot: uPlot | undefined
    const draw = () => {
      plot?.destroy()
      const [fg, line] = [cssVar('--color-fg'), cssVar('--color-line')]
      const axis = { stroke: fg, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } }
      plot = new uPlot(
        {
          width: el.clientWidth,
          height: 220,
          scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
          axes: [axis, { ...axis, label: unit, size: 56 }],
          legend: { show: true },
          series: [{}, ...series.map((s) => ({ label: s.label, stroke: cssVar(s.color), width: 2, points: { show: starts.length < 60 }, spanGaps: false }))],
        },
        [starts, ...series.map((s) => s.values)],
        el,
      )
    }
    draw()
    const resize = new ResizeObserver(() => plot?.setSize({ width: el.clientWidth, height: 220 }))
    resize.observe(el)
    const scheme = window.matchMedia('(prefers-color-scheme: dark)')
    scheme.addEventListener('change', draw)
    return () => {
      resize.disconnect()
      scheme.removeEventListener('change', draw)
      plot?.destroy()
    }
  }, [starts, series, unit])
  return <div ref={box} className="w-full" />
}
