// Only the project's own tests: bench/.work holds copies of npm packages (with their own *.test.js files).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
  },
});
