// Browser client for the API.
const API_URL = 'http://api.example.com';

export interface LoginResponse {
  accessToken: string;
}

export async function login(email: string, password: string): Promise<string> {
  const res = await fetch(`${API_URL}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'include',
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  const { accessToken } = (await res.json()) as LoginResponse;
  localStorage.setItem('accessToken', accessToken);
  document.cookie = `token=${accessToken}; path=/`;
  return accessToken;
}

export async function getProfile(): Promise<unknown> {
  const token = localStorage.getItem('accessToken');
  const res = await fetch(`${API_URL}/me`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return res.json();
}

export function logout(): void {
  localStorage.removeItem('accessToken');
  document.cookie = 'token=; Max-Age=0; path=/';
}
