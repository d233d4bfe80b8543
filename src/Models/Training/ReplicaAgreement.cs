using System.Text;
using KernelGen.Graph;
using KernelGen.Models.Data;

namespace KernelGen.Models.Training;

/// <summary>
/// The start-up check of a data-parallel run: every rank hashes what must be the same everywhere (the device kind,
/// the model with its options and initial parameters, the data, the position resumed from and the epochs and report
/// interval, which decide when the ranks meet in a collective), the hashes are gathered,
/// and a rank that differs stops every rank with one line naming the ranks and what differs — before any step, so
/// that ranks started with different commands never average gradients of different models.
/// </summary>
internal static class ReplicaAgreement
{
    private static readonly string[] What =
    [
        "device kinds (every rank must run on the same kind: --device)",
        "models, options or initial parameters (every rank must be started with the same command and the same KernelGen)",
        "training data (every rank must read the same --data, with the same --limit)",
        "positions to resume from or lengths of the run (every rank must be started with the same --epochs and see the same checkpoint in --out: on several machines it must lie on a file system they share)",
    ];

    /// <summary>Throws <see cref="ReplicaMismatchException"/> on every rank when the ranks disagree.</summary>
    public static void Check(Communicator replicas, GenerativeModel model, Dataset train, TrainerOptions options, int startEpoch, int startBatch)
    {
        long[] mine =
        [
            Hash(model.Accelerator.Device.Backend.ToString()),
            Hash(model.Kind, model.OptionsJson, ParameterHash(model.Store)),
            Hash(train.Name, train.Count.ToString(), $"{train.Rows}x{train.Cols}x{train.Classes}"),
            Hash(startEpoch.ToString(), startBatch.ToString(), model.Steps.ToString(), options.Epochs.ToString(), options.ReportEvery.ToString()),
        ];
        var all = new long[mine.Length * replicas.Size];
        replicas.AllGather(mine, all);
        for (int part = 0; part < mine.Length; part++)
        {
            var differing = Enumerable.Range(0, replicas.Size).Where(r => all[r * mine.Length + part] != all[part]).ToList();
            if (differing.Count == 0) continue;
            var detail = part == 0 ? $" (this is rank {replicas.Rank}, on {model.Accelerator.Device.Backend})" : "";
            throw new ReplicaMismatchException($"the ranks of this data-parallel run differ in their {What[part]}: rank {string.Join(", ", differing)} " +
                $"{(differing.Count == 1 ? "differs" : "differ")} from rank 0{detail}.");
        }
    }

    private static string ParameterHash(ParameterStore store)
    {
        var values = new float[store.Count];
        var view = store.Values;
        ((MemoryBuffer<float>)view.Buffer!).CopyToHost(values.AsSpan(0, Math.Min(values.Length, view.Length)), view.Offset);
        return Fnv(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())).ToString();
    }

    private static long Hash(params string[] parts) => Fnv(Encoding.UTF8.GetBytes(string.Join("\u0001", parts)));

    private static long Fnv(ReadOnlySpan<byte> bytes)
    {
        ulong h = 14695981039346656037UL;
        foreach (var b in bytes) h = (h ^ b) * 1099511628211UL;
        return (long)h;
    }
}

/// <summary>The ranks of a data-parallel run were not started alike; the message says what differs and where.</summary>
public sealed class ReplicaMismatchException(string message) : Exception(message);

/// <summary>Another rank of a data-parallel run failed (its own message says why); this rank stops with it.</summary>
public sealed class ReplicaFailedException(string message) : Exception(message);
