using System.Diagnostics;
using System.Globalization;

namespace KernelGen.Perf.Train;

/// <summary>Runs perf/peers/torch_train.py for the same models, device and batch; reads its JSON lines.</summary>
public static class TrainPeer
{
    public static IEnumerable<TrainRecord> Run(string device, IReadOnlyList<string> models, int batch)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "torch_train.py");
        var json = Path.Combine(Path.GetTempPath(), $"kernelgen-train-peer-{Guid.NewGuid():N}.jsonl");
        var python = PeerRunner.Python;
        var info = new ProcessStartInfo(python) { UseShellExecute = false };
        foreach (var a in new[] { script, "--device", device.Split(':')[0], "--models", string.Join(",", models), "--batch", batch.ToString(CultureInfo.InvariantCulture), "--json", json })
            info.ArgumentList.Add(a);
        Console.WriteLine($"peer: {python} torch_train.py");
        using (var p = Process.Start(info)!)
        {
            p.WaitForExit();
            if (p.ExitCode != 0) Console.WriteLine($"peer script failed with exit code {p.ExitCode}");
        }
        if (!File.Exists(json)) return [];
        var records = File.ReadAllLines(json).Where(l => l.Length > 0).Select(TrainRecord.FromJson).ToList();
        File.Delete(json);
        return records;
    }
}
