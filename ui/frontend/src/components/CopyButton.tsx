import { useState } from 'react';
import { copyText } from './clipboard';

/** A button that copies text to the clipboard and says so for a moment. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await copyText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <button type="button" onClick={() => void copy()} aria-label={`${label} to clipboard`}>
      {copied ? 'Copied' : label}
    </button>
  );
}
