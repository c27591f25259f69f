"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { instanceTag, ruleLabel } from "@/components/common/format";

const COLORS = [
  "var(--chart-1)",
  "var(--chart-2)",
  "var(--chart-3)",
  "var(--chart-4)",
  "var(--chart-5)",
  "oklch(0.55 0.12 20)",
  "oklch(0.45 0.08 140)",
  "oklch(0.4 0.02 265)",
];
const tooltipStyle = { background: "var(--popover)", border: "1px solid var(--border)", borderRadius: 8, fontSize: 12 };
function seriesName(key: string) {
  const [channel, index] = key.split("#");
  return instanceTag(channel, index);
}

export function SendsPerDayChart({ series, rows }: { series: string[]; rows: Record<string, number | string>[] }) {
  if (series.length === 0) return <p className="text-sm text-muted-foreground">No messages sent in this period yet.</p>;
  return (
    <div className="h-64 w-full" role="img" aria-label="Stacked bar chart of successful sends per instance per day">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ left: -20, right: 8, top: 8 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} tick={{ fontSize: 11 }} stroke="var(--muted-foreground)" />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} stroke="var(--muted-foreground)" />
          <Tooltip contentStyle={tooltipStyle} />
          <Legend wrapperStyle={{ fontSize: 11 }} formatter={(value: string) => seriesName(value)} />
          {series.map((key, i) => (
            <Bar key={key} dataKey={key} name={key} stackId="sends" fill={COLORS[i % COLORS.length]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function RulesChart({ rules }: { rules: { rule: string; count: number }[] }) {
  if (rules.length === 0) return <p className="text-sm text-muted-foreground">No routed messages yet.</p>;
  const data = rules.map((r) => ({ name: r.rule === "refused" ? "Refused before rules" : ruleLabel(r.rule), count: r.count }));
  return (
    <div className="h-60 w-full" role="img" aria-label={`Rule distribution: ${data.map((d) => `${d.name} ${d.count}`).join(", ")}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 20, right: 16 }}>
          <CartesianGrid horizontal={false} stroke="var(--border)" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} stroke="var(--muted-foreground)" />
          <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 11 }} stroke="var(--muted-foreground)" />
          <Tooltip contentStyle={tooltipStyle} cursor={{ fill: "var(--muted)" }} />
          <Bar dataKey="count" name="Messages" fill="var(--chart-1)" radius={[0, 4, 4, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
