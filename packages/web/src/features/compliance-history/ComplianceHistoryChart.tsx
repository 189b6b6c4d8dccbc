import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryMarkerFragment, HistoryPointFragment } from '../../gql/graphql';
import { axisTicks, formatTick } from './chart-ticks';
import { markerLabel } from './marker-labels';

/** The counts as they stack, bottom up: the good news first, the members blocked drawn over them. */
const series = [
  { key: 'compliant', name: 'Compliant', color: '#2e8b57' },
  { key: 'exempt', name: 'Exempt', color: '#5b8def' },
  { key: 'inWindow', name: 'In their window', color: '#e0a526' },
  { key: 'nonCompliant', name: 'Not compliant', color: '#d9534f' },
] as const;

interface Datum {
  t: number;
  percent: number;
  compliant: number;
  exempt: number;
  inWindow: number;
  nonCompliant: number;
  blocked: number;
}

const datum = (point: HistoryPointFragment, t = Date.parse(point.at)): Datum => ({
  t,
  percent: point.compliancePercent,
  compliant: point.compliant,
  exempt: point.exempt,
  inWindow: point.inWindow,
  nonCompliant: point.nonCompliant,
  blocked: point.blocked,
});

/**
 * The compliance history drawn honestly: each point's counts hold until the next one (steps
 * after, never slopes between), and the last one holds until the end of the range. Stacked
 * members by state (left axis), the members blocked as a dashed red line over them, the share
 * compliant as a dark line (right axis), and each policy change as a labelled vertical line. SVG,
 * so it prints; hidden from assistive technology, which reads the summary and the table instead.
 */
export function ComplianceHistoryChart({
  points,
  markers,
  from,
  end,
  height = 280,
}: {
  points: readonly HistoryPointFragment[];
  markers: readonly HistoryMarkerFragment[];
  from: number;
  end: number;
  height?: number;
}) {
  const last = points.at(-1);
  const data = points.map((point) => datum(point));
  if (last && Date.parse(last.at) < end) data.push(datum(last, end));
  const ticks = axisTicks(from, end);
  const span = end - from;
  return (
    <div className="history-chart" aria-hidden="true" data-testid="compliance-history-chart">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 12, right: 8, bottom: 0, left: -12 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#dde2e9" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[from, end]}
            ticks={ticks}
            tickFormatter={(t: number) => formatTick(t, span)}
            minTickGap={24}
            tick={{ fontSize: 12, fill: '#556170' }}
          />
          <YAxis yAxisId="members" allowDecimals={false} tick={{ fontSize: 12, fill: '#556170' }} width={48} />
          <YAxis
            yAxisId="percent"
            orientation="right"
            domain={[0, 100]}
            ticks={[0, 50, 100]}
            tickFormatter={(value: number) => `${value}%`}
            tick={{ fontSize: 12, fill: '#556170' }}
            width={44}
          />
          {series.map((s) => (
            <Area
              key={s.key}
              yAxisId="members"
              dataKey={s.key}
              name={s.name}
              type="stepAfter"
              stackId="members"
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          ))}
          <Line
            yAxisId="members"
            dataKey="blocked"
            name="Blocked"
            type="stepAfter"
            stroke="#a51d18"
            strokeWidth={2}
            strokeDasharray="6 3"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="percent"
            dataKey="percent"
            name="Compliance %"
            type="stepAfter"
            stroke="#17202b"
            strokeWidth={2.5}
            dot={false}
            isAnimationActive={false}
          />
          {markers.map((marker, index) => (
            <ReferenceLine
              key={marker.id}
              yAxisId="members"
              x={Date.parse(marker.at)}
              stroke="#1f4fd6"
              strokeDasharray="3 3"
              label={{
                value: markerLabel(marker),
                // Right of its line, or left of it in the chart's last third, so it stays inside.
                position: Date.parse(marker.at) - from > (end - from) * 0.66 ? 'insideTopRight' : 'insideTopLeft',
                fontSize: 12,
                fill: '#1f4fd6',
                dy: (index % 3) * 16,
              }}
            />
          ))}
          <Tooltip
            labelFormatter={(t) => formatTick(Number(t), 0)}
            formatter={(value, name) => (name === 'Compliance %' ? `${String(value)}%` : String(value))}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
