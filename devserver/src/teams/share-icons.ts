/** Icons the teams resources API sends inline, per provider. */
const ICONS: Record<string, string> = {
  files:
    '<svg xmlns="http://www.w3.org/2000/svg" id="mdi-folder" viewBox="0 0 24 24"><path d="M10,4H4C2.89,4 2,4.89 2,6V18A2,2 0 0,0 4,20H20A2,2 0 0,0 22,18V8C22,6.89 21.1,6 20,6H12L10,4Z" /></svg>',
  deck: '<svg xmlns="http://www.w3.org/2000/svg" height="16" width="16" version="1.1" viewBox="0 0 16 16"><g fill="currentColor"><rect ry="1" height="8" width="14" y="7" x="1"/><rect ry=".5" height="1" width="12" y="5" x="2"/><rect ry=".5" height="1" width="10" y="3" x="3"/><rect ry=".5" height="1" width="8" y="1" x="4"/></g></svg>',
  talk: '<svg width="16" height="16" version="1.1" viewBox="0 0 16 16" xmlns="http://www.w3.org/2000/svg"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="2.6"/></svg>',
};

export function findTeamResourceIcon(provider: string): string {
  return ICONS[provider] ?? '';
}
