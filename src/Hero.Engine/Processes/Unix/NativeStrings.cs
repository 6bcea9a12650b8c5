using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace Hero.Processes.Unix;

/// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings in native memory (argv, envp),
/// freed on dispose.</summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly List<IntPtr> _strings = [];

    public NativeStrings(IEnumerable<string> values)
    {
        try
        {
            foreach (string value in values)
            {
                _strings.Add(Allocate(value));
            }
        }
        catch
        {
            foreach (IntPtr s in _strings) Marshal.FreeHGlobal(s);
            throw;
        }

        Array = (IntPtr*)Marshal.AllocHGlobal(IntPtr.Size * (_strings.Count + 1));
        for (int i = 0; i < _strings.Count; i++)
        {
            Array[i] = _strings[i];
        }

        Array[_strings.Count] = IntPtr.Zero;
    }

    public IntPtr* Array { get; }

    public static IntPtr Allocate(string value)
    {
        if (value.IndexOf('\0') >= 0)
        {
            // The value is not quoted: it may be a secret. Validation names the parameter first.
            throw new ArgumentException("An argument or environment value contains a NUL character, which no program can receive.");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(value);
        IntPtr memory = Marshal.AllocHGlobal(bytes.Length + 1);
        Marshal.Copy(bytes, 0, memory, bytes.Length);
        ((byte*)memory)[bytes.Length] = 0;
        return memory;
    }

    public void Dispose()
    {
        foreach (IntPtr s in _strings)
        {
            Marshal.FreeHGlobal(s);
        }

        Marshal.FreeHGlobal((IntPtr)Array);
    }
}
