const MiB = 2 ** 20;

/** Samples RSS every 50 ms (and on demand) and reports the peak above the starting value, in MiB. */
export function rssSampler() {
  const start = process.memoryUsage().rss;
  let peak = start;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
    return rss;
  };
  const timer = setInterval(sample, 50);
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      return (peak - start) / MiB;
    },
  };
}
