export interface User {
  id: string;
  email: string;
  name: string;
  role: 'user' | 'admin';
  passwordHash: string;
}

const users: User[] = [
  { id: '1', email: 'ada@example.com', name: 'Ada', role: 'admin', passwordHash: '$2a$10$CwTycUXWue0Thq9StjUM0uJ8.jU9Jf0yq3h1Pq1fJ7Ew0rF2bq3nW' },
  { id: '2', email: 'bob@example.com', name: 'Bob', role: 'user', passwordHash: '$2a$10$7EqJtq98hPqEX7fNZaFWoOa7JxN0pJmHhN8pN2g7Zp0P4mKz1C3yO' },
];

export async function findUserByEmail(email: string): Promise<User | undefined> {
  return users.find((user) => user.email === email);
}

export async function findUserById(id: string): Promise<User | undefined> {
  return users.find((user) => user.id === id);
}
