"use client";

import * as React from "react";
import { CircleCheckIcon, CircleXIcon, InfoIcon, TriangleExclamationPointIcon, XIcon } from "lucide-react";

import { cn } from "@/lib/utils";

type ToastVariant = "default" | "success" | "warning" | "destructive";

type ToastOptions = {
  title: React.ReactNode;
  description?: React.ReactNode;
  variant?: ToastVariant;
  /** Milliseconds before it hides itself; `Infinity` keeps it until dismissed. Default 5000. */
  duration?: number;
};

type ToastItem = ToastOptions & { id: number };

const MAX_VISIBLE = 4;
const EMPTY: ToastItem[] = [];

// A tiny module-level store: `toast()` can be called from any client code, no provider needed.
let toasts: ToastItem[] = EMPTY;
let nextId = 1;
const listeners = new Set<() => void>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function emit(next: ToastItem[]) {
  toasts = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function startTimer(item: ToastItem) {
  const duration = item.duration ?? 5000;
  if (!Number.isFinite(duration)) return;
  timers.set(item.id, setTimeout(() => dismissToast(item.id), duration));
}

function stopTimer(id: number) {
  clearTimeout(timers.get(id));
  timers.delete(id);
}

/** Shows a toast; returns its id and a `dismiss` function. */
function toast(options: ToastOptions) {
  const item: ToastItem = { ...options, id: nextId++ };
  const kept = toasts.slice(-(MAX_VISIBLE - 1));
  for (const dropped of toasts.slice(0, toasts.length - kept.length)) stopTimer(dropped.id);
  emit([...kept, item]);
  startTimer(item);
  return { id: item.id, dismiss: () => dismissToast(item.id) };
}

function dismissToast(id?: number) {
  const removed = id === undefined ? toasts : toasts.filter((t) => t.id === id);
  for (const t of removed) stopTimer(t.id);
  emit(id === undefined ? EMPTY : toasts.filter((t) => t.id !== id));
}

const icons: Record<ToastVariant, React.ReactNode> = {
  default: <InfoIcon className="text-muted-foreground" />,
  success: <CircleCheckIcon className="text-success" />,
  warning: <TriangleExclamationPointIcon className="text-warning" />,
  destructive: <CircleXIcon className="text-destructive" />,
};

/** Mount once, near the root of the authenticated layout. */
function Toaster() {
  const items = React.useSyncExternalStore(subscribe, () => toasts, () => EMPTY);
  return (
    // The region exists before any toast so screen readers announce additions to it.
    <section
      aria-label="Notifications"
      aria-live="polite"
      aria-relevant="additions"
      className="pointer-events-none fixed inset-x-0 bottom-0 z-[100] flex flex-col items-center gap-2 p-4 sm:inset-x-auto sm:right-0 sm:items-end"
    >
      {items.map((item) => (
        <ToastCard key={item.id} item={item} />
      ))}
    </section>
  );
}

function ToastCard({ item }: { item: ToastItem }) {
  const variant = item.variant ?? "default";
  const urgent = variant === "destructive";
  return (
    <div
      data-slot="toast"
      data-variant={variant}
      role={urgent ? "alert" : undefined}
      aria-atomic="true"
      onMouseEnter={() => stopTimer(item.id)}
      onMouseLeave={() => startTimer(item)}
      className={cn(
        "pointer-events-auto flex w-full max-w-sm animate-toast-in items-start gap-3 rounded-lg border bg-popover p-3 pr-2 text-popover-foreground shadow-lg [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0",
        variant === "destructive" && "border-destructive/40",
        variant === "warning" && "border-warning/40",
        variant === "success" && "border-success/40",
      )}
    >
      {icons[variant]}
      <div className="grid min-w-0 flex-1 gap-0.5">
        <div className="text-sm font-medium">{item.title}</div>
        {item.description && (
          <div className="text-sm text-muted-foreground">{item.description}</div>
        )}
      </div>
      <button
        type="button"
        onClick={() => dismissToast(item.id)}
        className="rounded-sm p-1 text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 [&_svg]:size-3.5"
      >
        <XIcon aria-hidden />
        <span className="sr-only">Dismiss notification</span>
      </button>
    </div>
  );
}

export { Toaster, toast, dismissToast, type ToastOptions, type ToastVariant };
