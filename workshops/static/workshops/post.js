// Posting a form's fields in the background, asking for JSON. `json` is false when the
// server answered with a page instead (e.g. the sign-in page after a session expired, or
// a CSRF error page): then nothing was stored.
export async function postForJson (url, fields) {
  const response = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams(fields),
    credentials: 'same-origin',
    headers: { Accept: 'application/json' }
  })
  const json = (response.headers.get('Content-Type') || '').includes('application/json')
  return { response, json }
}
