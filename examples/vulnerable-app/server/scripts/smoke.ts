// Smoke test run after each deploy: calls the admin API with a long-lived admin token.
const ADMIN_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzE3MTcxNzE3fQ.i9MVXaSVXexgcvSZ-n3yT6Y2JBMJajgO4h9oHE-LDmA';

const response = await fetch('http://localhost:3000/me', {
  headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
});
console.log('smoke test:', response.status);
