/**
 * A small ECharts wrapper: initialises on its own div, follows the div's size, disposes on unmount.
 * Only the chart types the screens draw are bundled, and only lazily loaded screens import it, so
 * ECharts stays out of the other roles' bundle. The div is an image for assistive technology,
 * named by `label`; the visible title sits above it in the card.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** The palette: the app's red first, then colours that stay apart for colour-blind readers. */
export const PALETTE = ['#c0392b', '#2f6db5', '#e69f00', '#009e73', '#8e44ad', '#56b4e9', '#d55e00', '#7f8c8d', '#cc79a7', '#0b6e4f'];

export function Chart({ option, label, height = 260 }: { option: ChartOption; label: string; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const div = el.current!;
    const c = echarts.init(div, undefined, { renderer: 'svg' });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(div);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: PALETTE, animationDuration: 300, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={el} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
