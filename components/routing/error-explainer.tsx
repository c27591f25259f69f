import { CircleXIcon } from "lucide-react";
import { ERROR_CODES } from "@/lib/engine/errors";

/** Code, name, what happened and how to fix it — from the engine's own error table. */
export function ErrorExplainer({ code, name }: { code: number | string | null; name: string | null }) {
  const info = ERROR_CODES.find((e) => String(e.code) === String(code) || e.name === name);
  return (
    <div role="note" className="grid gap-1 rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm">
      <p className="flex items-center gap-2 font-medium text-destructive">
        <CircleXIcon className="size-4" aria-hidden />
        Error {code ?? ""} · <span className="font-mono">{name ?? info?.name}</span>
      </p>
      {info && (
        <>
          <p className="font-medium">{info.title}</p>
          <p className="text-muted-foreground">{info.explanation}</p>
          <p>
            <span className="font-medium">Fix: </span>
            {info.fix}
          </p>
        </>
      )}
    </div>
  );
}
