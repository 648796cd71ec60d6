/**
 * One Aho–Corasick automaton for every literal code token in the set, so scanning an inserted
 * script's text costs O(text + hits) however many tokens the feed carries.
 */
export interface TokenEntry {
  token: string;
  ruleId: string;
}

export class TokenScanner {
  /** Per node: next node by UTF-16 code unit. */
  private readonly edges: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Rule ids ending exactly at a node. */
  private readonly outputs: (string[] | undefined)[] = [undefined];
  /** Nearest node on the fail chain that has outputs (-1: none), so hits are reported without walking dead links. */
  private readonly outLink: number[] = [-1];
  readonly size: number;

  constructor(entries: readonly TokenEntry[]) {
    for (const { token, ruleId } of entries) this.insert(token, ruleId);
    this.size = entries.length;
    this.link();
  }

  private insert(token: string, ruleId: string): void {
    let node = 0;
    for (let i = 0; i < token.length; i++) {
      const c = token.charCodeAt(i);
      const edges = this.edges[node] as Map<number, number>;
      let child = edges.get(c);
      if (child === undefined) {
        child = this.edges.length;
        edges.set(c, child);
        this.edges.push(new Map());
        this.fail.push(0);
        this.outputs.push(undefined);
        this.outLink.push(-1);
      }
      node = child;
    }
    const out = this.outputs[node];
    if (out === undefined) this.outputs[node] = [ruleId];
    else if (!out.includes(ruleId)) out.push(ruleId);
  }

  /** Breadth-first, so every node's fail target is final before its children need it. */
  private link(): void {
    const queue: number[] = [];
    for (const child of (this.edges[0] as Map<number, number>).values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as number;
      const failNode = this.fail[node] as number;
      this.outLink[node] = this.outputs[failNode] !== undefined ? failNode : (this.outLink[failNode] as number);
      for (const [c, child] of this.edges[node] as Map<number, number>) {
        let f = failNode;
        while (f !== 0 && !(this.edges[f] as Map<number, number>).has(c)) f = this.fail[f] as number;
        const target = (this.edges[f] as Map<number, number>).get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        queue.push(child);
      }
    }
  }

  /** Rule ids whose tokens occur in `text`. */
  scan(text: string): Set<string> {
    const hits = new Set<string>();
    if (this.size === 0) return hits;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = (this.edges[node] as Map<number, number>).get(c);
      while (next === undefined && node !== 0) {
        node = this.fail[node] as number;
        next = (this.edges[node] as Map<number, number>).get(c);
      }
      node = next ?? 0;
      for (
        let out = this.outputs[node] !== undefined ? node : (this.outLink[node] as number);
        out !== -1;
        out = this.outLink[out] as number
      ) {
        for (const id of this.outputs[out] as string[]) hits.add(id);
      }
    }
    return hits;
  }
}
