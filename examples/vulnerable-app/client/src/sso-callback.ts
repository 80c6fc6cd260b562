// The page the API redirects to after single sign-on: /auth/callback?token=...
export function completeSignOn(): void {
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token');
  if (token) {
    sessionStorage.setItem('accessToken', token);
    window.history.replaceState(null, '', '/');
  }
}
