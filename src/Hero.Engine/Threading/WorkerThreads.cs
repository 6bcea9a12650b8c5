using System;
using System.Collections.Generic;
using System.Threading;

namespace Hero.Threading;

/// <summary>Dedicated threads for blocking work (a child's pipes, a reaper), reused from one task to
/// the next: starting a thread costs more than a short task itself. At most <see cref="MaxIdle"/>
/// wait for work, and an idle one ends after <see cref="IdleTimeout"/>, so nothing lingers.</summary>
internal static class WorkerThreads
{
    public const int MaxIdle = 8;
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(3);

    private static readonly List<Worker> Idle = [];

    public static void Run(Action work)
    {
        Worker? worker = null;
        lock (Idle)
        {
            while (Idle.Count > 0 && worker is null)
            {
                Worker candidate = Idle[Idle.Count - 1];
                Idle.RemoveAt(Idle.Count - 1);
                if (candidate.TryAssign(work)) worker = candidate;
            }
        }

        if (worker is null)
        {
            worker = new Worker();
            worker.TryAssign(work);
            worker.Start();
        }
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _signal = new(0);
        private readonly object _gate = new();
        private Action? _work;
        private bool _retired;

        public void Start()
        {
            // A full-size stack: the rest of an attempt (logging, reporting) may run inline on a
            // worker once its read loop is done. It is reserved, not committed, so idle workers stay cheap.
            var thread = new Thread(Loop, 1024 * 1024) { IsBackground = true, Name = "hero-worker" };
            thread.Start();
        }

        /// <summary>False when the worker already decided to end (its idle time ran out).</summary>
        public bool TryAssign(Action work)
        {
            lock (_gate)
            {
                if (_retired) return false;
                _work = work;
            }

            _signal.Release();
            return true;
        }

        private void Loop()
        {
            while (true)
            {
                if (!_signal.Wait(IdleTimeout))
                {
                    lock (Idle)
                    {
                        lock (_gate)
                        {
                            if (_work is null)
                            {
                                _retired = true;
                                Idle.Remove(this);
                                _signal.Dispose();
                                return;
                            }
                        }
                    }

                    // Work was assigned just as the wait timed out: the release is pending.
                    _signal.Wait();
                }

                Action? work;
                lock (_gate)
                {
                    work = _work;
                    _work = null;
                }

                try
                {
                    work?.Invoke();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The work reports its own failures; a worker must survive them.
                }

                lock (Idle)
                {
                    if (Idle.Count >= MaxIdle)
                    {
                        lock (_gate) _retired = true;
                        _signal.Dispose();
                        return;
                    }

                    Idle.Add(this);
                }
            }
        }
    }
}
