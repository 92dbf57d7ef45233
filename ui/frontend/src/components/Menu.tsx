import { useEffect, useRef, useState, type ReactNode } from 'react';

/** A ⋮ menu: opens on click or Enter, closes on Escape, outside click, or choosing an item. */
export function Menu({ label, children }: { label: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => { if (!ref.current?.contains(e.target as Node)) setOpen(false); };
    const escape = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    document.addEventListener('mousedown', outside);
    document.addEventListener('keydown', escape);
    ref.current?.querySelector<HTMLElement>('.menu-items button, .menu-items a')?.focus();
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button type="button" className="icon" aria-label={label} aria-haspopup="menu" aria-expanded={open}
              onClick={() => setOpen((o) => !o)}>⋮</button>
      {open && <div className="menu-items card" role="menu">{children(() => setOpen(false))}</div>}
    </div>
  );
}
