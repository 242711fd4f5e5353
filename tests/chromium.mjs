// Debian's Chromium as every browser test here launches it (end-to-end tests
// and the benchmark): test tools may not download browsers on this machine,
// and without the background-networking flags Chromium keeps calling hosts
// this machine's closed network refuses.
export const CHROMIUM = {
  executablePath: process.env.MESA_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
