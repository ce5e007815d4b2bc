// The incidents page's tab title starts with how many incidents are open, "(4) Incidents", so a
// background tab still says whether something burns. The server's title and the live updates in
// the browser are both written by this one function.
export const withOpenCount = (title: string, open: number) => `(${open}) ${title.replace(/^\(\d+\) /, '')}`
