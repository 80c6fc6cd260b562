import { jwtDecode } from 'jwt-decode';

interface AccessClaims {
  sub: string;
  role: 'user' | 'admin';
  exp?: number;
}

/** Shows who is signed in; the server verifies the token on every request, so decoding here is fine. */
export function currentUser(): AccessClaims | undefined {
  const token = localStorage.getItem('accessToken');
  if (!token) return undefined;
  return jwtDecode<AccessClaims>(token);
}

export function rememberPreferences(theme: 'light' | 'dark', pageSize: number): void {
  localStorage.setItem('theme', theme);
  localStorage.setItem('table.pageSize', String(pageSize));
}
