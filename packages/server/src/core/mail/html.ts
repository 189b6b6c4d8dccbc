/** Escapes text for HTML mail bodies; every interpolated value goes through it. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The common frame of Twostep's HTML mails; `body` must already be escaped. */
export function layoutHtml(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2937;max-width:560px;margin:24px auto;padding:0 16px">
<p style="font-weight:600;color:#4338ca">Twostep</p>
${body}
<p style="color:#6b7280;font-size:12px;margin-top:32px">This message was sent from a no-reply address. Replies are not read.</p>
</body></html>`;
}

/** A moment as mails write it, in a time zone (IANA name; UTC by default): "Friday 18 December 2026, 09:00 UTC". */
export function mailDate(at: Date, timeZone = 'UTC'): string {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(at);
  return `${text} ${timeZone === 'UTC' ? 'UTC' : `(${timeZone})`}`;
}
