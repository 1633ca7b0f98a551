// After the next paint (a frame callback runs before painting, a task queued from it after).
requestAnimationFrame(() => setTimeout(() => window.__TAURI_INTERNALS__.invoke("painted"), 0));
