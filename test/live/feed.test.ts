// The change feed behind the dashboard's live pages: free when no page listens, one call per
// commit however many changes it holds, only to the merchant's own listeners.
import { describe, expect, it } from 'vitest'
import { LiveFeed, type LiveKind } from '../../src/live/feed.js'

/** A feed whose commits the test completes by hand. */
function feedWithCommits() {
  const commits: Array<() => void> = []
  let asked = 0
  const feed = new LiveFeed(() => {
    asked++
    return new Promise<void>((done) => commits.push(done))
  })
  const commit = async () => {
    for (const done of commits.splice(0)) done()
    await Promise.resolve()
  }
  return { feed, commit, asked: () => asked }
}

describe('LiveFeed', () => {
  it('does nothing for a merchant no page listens to: not even waiting for the commit', () => {
    const { feed, asked } = feedWithCommits()
    for (let i = 0; i < 1_000; i++) feed.notify('m1', 'payouts')
    expect(asked()).toBe(0)
  })

  it("tells a merchant's listeners once per commit, after it, every kind notified in it", async () => {
    const { feed, commit, asked } = feedWithCommits()
    const told: Array<LiveKind[]> = []
    const other: Array<LiveKind[]> = []
    feed.subscribe('m1', (kinds) => told.push([...kinds]))
    feed.subscribe('m2', (kinds) => other.push([...kinds]))
    feed.notify('m1', 'payouts')
    feed.notify('m1', 'requests')
    feed.notify('m1', 'payouts')
    expect(told).toEqual([])
    expect(asked()).toBe(1)
    await commit()
    expect(told).toEqual([['payouts', 'requests']])
    feed.notify('m1', 'clock')
    await commit()
    expect(told).toEqual([['payouts', 'requests'], ['clock']])
    expect(other).toEqual([])
  })

  it('forgets a merchant once its last listener unsubscribes', async () => {
    const { feed, commit, asked } = feedWithCommits()
    const told: string[] = []
    const first = feed.subscribe('m1', () => told.push('first'))
    const second = feed.subscribe('m1', () => told.push('second'))
    first()
    feed.notify('m1', 'webhooks')
    await commit()
    expect(told).toEqual(['second'])
    second()
    feed.notify('m1', 'webhooks')
    expect(asked()).toBe(1)
  })
})
