import { describe, expect, test } from 'vitest'
import { isCrossSiteRequest } from '~/utils/csrf.server'

const host = 'inquiry.example.org'

describe('isCrossSiteRequest', () => {
  test.each(['GET', 'HEAD', 'OPTIONS', 'get'])('a %s request is never cross-site', (method) => {
    expect(isCrossSiteRequest({ method, origin: 'https://evil.example', secFetchSite: 'cross-site', host })).toBe(false)
  })

  test('a POST from the same origin is allowed', () => {
    expect(isCrossSiteRequest({ method: 'POST', origin: `https://${host}`, secFetchSite: 'same-origin', host })).toBe(false)
  })

  test('a POST from another host is refused', () => {
    expect(isCrossSiteRequest({ method: 'POST', origin: 'https://evil.example', host })).toBe(true)
  })

  test('a POST from the same host name on another port is refused', () => {
    expect(isCrossSiteRequest({ method: 'POST', origin: 'http://localhost:4000', host: 'localhost:3000' })).toBe(true)
  })

  test('an opaque "null" Origin is refused', () => {
    expect(isCrossSiteRequest({ method: 'POST', origin: 'null', host })).toBe(true)
  })

  test('Sec-Fetch-Site cross-site is refused even without an Origin', () => {
    expect(isCrossSiteRequest({ method: 'POST', secFetchSite: 'cross-site', host })).toBe(true)
    expect(isCrossSiteRequest({ method: 'DELETE', origin: `https://${host}`, secFetchSite: 'cross-site', host })).toBe(true)
  })

  test('a POST without an Origin is allowed (a non-browser client)', () => {
    expect(isCrossSiteRequest({ method: 'POST', host })).toBe(false)
    expect(isCrossSiteRequest({ method: 'POST', origin: null, secFetchSite: null, host })).toBe(false)
  })

  test('APP_ORIGIN decides the expected host when set', () => {
    const appOrigin = 'https://inquiry.example.org'
    // Behind a proxy the Host header is the internal one; the public origin is APP_ORIGIN.
    expect(isCrossSiteRequest({ method: 'POST', origin: 'https://inquiry.example.org', host: 'localhost:3000', appOrigin })).toBe(false)
    expect(isCrossSiteRequest({ method: 'POST', origin: 'http://localhost:3000', host: 'localhost:3000', appOrigin })).toBe(true)
  })

  test('a malformed Origin is refused', () => {
    expect(isCrossSiteRequest({ method: 'POST', origin: 'not a url', host })).toBe(true)
  })
})
