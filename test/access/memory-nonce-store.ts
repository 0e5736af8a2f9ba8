/** Test double for the nonce table: remembers (key, timestamp, nonce) triples in memory. */
export function createMemoryNonceStore(): {
  rememberNonce(consumerKey: string, nonce: string, timestamp: number): Promise<boolean>;
  size(): number;
} {
  const seen = new Set<string>();
  return {
    async rememberNonce(consumerKey, nonce, timestamp) {
      const entry = JSON.stringify([consumerKey, timestamp, nonce]);
      if (seen.has(entry)) return false;
      seen.add(entry);
      return true;
    },
    size: () => seen.size,
  };
}
