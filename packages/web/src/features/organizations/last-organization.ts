/** The organization last opened in this browser, so "/" returns to it. Only an id; no personal data. */
const key = 'twostep.lastOrganization';

export function rememberOrganization(id: string): void {
  try {
    localStorage.setItem(key, id);
  } catch {
    // storage may be disabled; the first organization is a fine default
  }
}

export function lastOrganization(): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
