// How a title is normalised for search, in one place: the stored "titleSearch" column and every
// search term must agree, or searches silently miss. Lower case in full Unicode, done here rather
// than in SQL so SQLite (ASCII-only lower()) and PostgreSQL behave the same.
export const searchText = (text: string) => text.toLocaleLowerCase('und')
