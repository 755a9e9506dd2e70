// Conventional Commits for every commit of a pull request (.github/workflows/commitlint.yml).
// Subjects here are long and descriptive by habit; the header limit is raised from 100 to match.
module.exports = {
  extends: ['@commitlint/config-conventional'],
  rules: {
    'header-max-length': [2, 'always', 200],
    'body-max-line-length': [1, 'always', 120],
  },
};
