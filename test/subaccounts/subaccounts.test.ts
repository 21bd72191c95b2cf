// Ivy's subaccount/create and subaccount/retrieve: the Subaccount shape, bad input, isolation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { harness, T0, type Harness } from '../helpers/harness.js'

let h: Harness
beforeEach(async () => {
  h = await harness()
})
afterEach(() => h.close())

const count = () => h.rt.db.sqlite.prepare('select count(*) n from subaccounts').get()

describe('subaccounts', () => {
  it('subaccount/create answers exactly the Subaccount, active, owned by the merchant; retrieve answers the same', async () => {
    const res = await h.post('/api/service/subaccount/create', { legalName: 'Acme Books GmbH', mcc: '7321', websiteUrl: 'https://books.example' })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: expect.any(String),
      createdAt: T0,
      legalName: 'Acme Books GmbH',
      mcc: '7321',
      ownerId: h.merchant.id,
      status: 'active',
      updatedAt: T0,
      websiteUrl: 'https://books.example',
    })
    expect((await h.post('/api/service/subaccount/retrieve', { id: res.body.id })).body).toEqual(res.body)
  })

  it('without websiteUrl the field is absent', async () => {
    const { body } = await h.post('/api/service/subaccount/create', { legalName: 'Plain Ltd', mcc: '5942' })
    expect(Object.keys(body).sort()).toEqual(['createdAt', 'id', 'legalName', 'mcc', 'ownerId', 'status', 'updatedAt'])
  })

  it.each<[string, Record<string, unknown>, string]>([
    ['no legalName', { mcc: '7321' }, 'legalName'],
    ['an empty legalName', { legalName: ' ', mcc: '7321' }, 'legalName'],
    ['no mcc', { legalName: 'X' }, 'mcc'],
    ['a 3-digit mcc', { legalName: 'X', mcc: '732' }, 'mcc'],
    ['a numeric mcc', { legalName: 'X', mcc: 7321 }, 'mcc'],
    ['letters in the mcc', { legalName: 'X', mcc: '73a1' }, 'mcc'],
    ['a websiteUrl that is no URL', { legalName: 'X', mcc: '7321', websiteUrl: 'books' }, 'websiteUrl'],
  ])('%s is a 400 on its field and writes nothing', async (_, body, param) => {
    const res = await h.post('/api/service/subaccount/create', body)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ statusCode: 400, param, message: expect.any(String), code: expect.any(String), category: expect.any(String) })
    expect(count()).toEqual({ n: 0 })
  })

  it("an unknown or another merchant's subaccount is a 404 on id", async () => {
    const theirs = (await h.post('/api/service/subaccount/create', { legalName: 'Theirs', mcc: '7321' }, { key: h.newMerchant().key })).body
    for (const id of [theirs.id, 'nope']) {
      const res = await h.post('/api/service/subaccount/retrieve', { id })
      expect(res.status).toBe(404)
      expect(res.body).toMatchObject({ statusCode: 404, param: 'id' })
    }
  })

  it('survives a snapshot restore', async () => {
    const { body } = await h.post('/api/service/subaccount/create', { legalName: 'Kept Ltd', mcc: '7321' })
    await h.post('/sandbox/snapshots', { name: 'one' })
    await h.post('/api/service/subaccount/create', { legalName: 'Dropped Ltd', mcc: '7321' })
    await h.post('/sandbox/snapshots/one/restore')
    expect((await h.post('/api/service/subaccount/retrieve', { id: body.id })).body).toEqual(body)
    expect(count()).toEqual({ n: 1 })
  })
})
