using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace Hero.Resilience;

/// <summary>Circuits shared by every process that names the same file (scheduled scripts that run
/// apart). Each update holds the file exclusively while it reads, changes and rewrites it, and
/// waits its turn when another process holds it, so concurrent writers never lose changes.</summary>
internal sealed class FileCircuitStore : ICircuitStore
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private readonly string _path;

    public FileCircuitStore(string path)
    {
        _path = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(_path);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new CircuitStateException($"-CircuitStatePath: the folder of the circuit state file '{_path}' does not exist.");
        }
    }

    public T Update<T>(string name, Func<HeroCircuitState?, (HeroCircuitState State, T Result)> change)
    {
        using FileStream file = OpenExclusive();
        Dictionary<string, HeroCircuitState> states = Read(file);
        states.TryGetValue(name, out HeroCircuitState? current);
        (HeroCircuitState next, T result) = change(current);
        next.Store = _path;
        states[name] = next;
        Write(file, states);
        return result;
    }

    public IReadOnlyList<HeroCircuitState> All()
    {
        if (!File.Exists(_path)) return [];
        using FileStream file = OpenExclusive();
        return Read(file).Values.Select(s => { s.Store = _path; return s; }).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private FileStream OpenExclusive()
    {
        DateTime giveUp = DateTime.UtcNow + LockWait;
        int pause = 5;
        while (true)
        {
            try
            {
                return new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < giveUp && File.Exists(_path))
            {
                // Another process is updating it: wait our turn.
                Thread.Sleep(pause);
                pause = Math.Min(pause * 2, 100);
            }
        }
    }

    private Dictionary<string, HeroCircuitState> Read(FileStream file)
    {
        file.Position = 0;
        using var reader = new StreamReader(file, Encoding.UTF8, false, 4096, leaveOpen: true);
        string text = reader.ReadToEnd();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new Dictionary<string, HeroCircuitState>(StringComparer.OrdinalIgnoreCase);
        }

        try
        {
            var states = JsonSerializer.Deserialize<Dictionary<string, HeroCircuitState>>(text, Json)
                         ?? new Dictionary<string, HeroCircuitState>();
            return new Dictionary<string, HeroCircuitState>(states, StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException e)
        {
            throw new CircuitStateException($"-CircuitStatePath: the circuit state file '{_path}' is not valid JSON (line {e.LineNumber + 1}): {e.Message} Fix or delete it.", e);
        }
    }

    private static void Write(FileStream file, Dictionary<string, HeroCircuitState> states)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(states, Json);
        file.Position = 0;
        file.SetLength(0);
        file.Write(bytes, 0, bytes.Length);
        file.Flush(true);
    }
}
