// Counted nouns in messages: "1 file", "2 fixes".

export function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : /(s|x|ch|sh)$/.test(word) ? word + 'es' : word + 's'}`;
}
