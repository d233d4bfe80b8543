using KernelGen.Distributed;
using KernelGen.Models;
using KernelGen.Models.Data;
using KernelGen.Models.Training;

namespace KernelGen.Cli;

/// <summary>
/// <c>kernelgen train … --data-parallel</c> under mpirun: the launch checks, MPI's start, and what the ranks other
/// than 0 do (train in step with rank 0, print and write nothing).
/// </summary>
internal static class DataParallelLaunch
{
    /// <summary>--data-parallel without mpirun, and mpirun's ranks without --data-parallel, are one line each.</summary>
    public static void Check(TrainSettings s)
    {
        var ranks = DataParallel.LaunchedRanks;
        if (s.DataParallel && ranks is null)
            throw new ArgumentException($"--data-parallel needs the ranks mpirun starts, and this process was not started by mpirun; run: mpirun -np 2 kernelgen train {s.Model} --data-parallel … (docs/scaling.md).");
        if (!s.DataParallel && ranks is > 1)
            throw new ArgumentException($"mpirun started {ranks} ranks, but without --data-parallel each would train the whole model alone into the same folder; add --data-parallel.");
    }

    /// <summary>Starts MPI (and NCCL on CUDA when present); a missing library is one line with the reason.</summary>
    public static DataParallel Start(Accelerator accelerator, TrainSettings s)
    {
        try
        {
            return DataParallel.Start(accelerator, new DataParallelOptions { Overlap = s.Overlap });
        }
        catch (DataParallelException e)
        {
            throw new ArgumentException($"--data-parallel cannot start: {e.Message}", e);
        }
    }

    /// <summary>Makes the model a replica; a batch the ranks cannot share names the flag as typed.</summary>
    public static void Join(GenerativeModel model, DataParallel dp, TrainSettings s)
    {
        try
        {
            model.UseDataParallel(dp.Communicator, dp.Exchange);
        }
        catch (ArgumentException e) when (model.Options.BatchSize % dp.Communicator.Size != 0)
        {
            var flag = s.Batch is not null ? "--batch" : "--batch-size";
            throw new ArgumentException($"{flag} {model.Options.BatchSize} (the global batch) does not split evenly over the {dp.Communicator.Size} ranks of mpirun -np {dp.Communicator.Size}; " +
                $"pass a multiple of {dp.Communicator.Size}, e.g. --batch {Math.Max(1, model.Options.BatchSize / dp.Communicator.Size) * dp.Communicator.Size}.", e);
        }
    }

    /// <summary>A rank other than 0: trains in step with rank 0 from the same checkpoint, writing nothing.</summary>
    public static int TrainQuietly(GenerativeModel model, DataSplits data, TrainSettings s, RunFolder folder, bool resume, DataParallel dp)
    {
        int batchesPerEpoch = data.Train.Count / model.Options.BatchSize;
        var trainer = new Trainer(model, data, TrainRun.OptionsFor(s, folder, resume, batchesPerEpoch));
        using var interruption = new Interruption(() => SignalNote(dp, folder));
        try
        {
            return trainer.Run(interruption.Token).Interrupted ? CliErrors.Interrupted : 0;
        }
        catch (TrainingDivergedException)
        {
            return Failure.ExitCode; // rank 0 says what diverged and what to do
        }
    }

    /// <summary>What a rank says when mpirun ends the job (it signals every rank when one is lost, or on Ctrl-C).</summary>
    public static string SignalNote(DataParallel dp, RunFolder folder) =>
        $"rank {dp.Communicator.Rank} of {dp.Communicator.Size}: stopped by mpirun, which ends the job when a rank is lost (it names that rank) or on Ctrl-C; " +
        (File.Exists(folder.Checkpoint) ? $"the last complete checkpoint is kept: {folder.Checkpoint} (continue with --resume, with any number of ranks)." : "no checkpoint was written yet.");

    /// <summary>What the gradient exchange cost on this rank during <paramref name="result"/>'s epochs (rank 0's summary line).</summary>
    public static string ExchangeSummary(DataParallel dp, TrainResult result)
    {
        var t = dp.Times;
        if (t.Exchanges == 0) return "Gradient all-reduce: none ran.";
        double mb = t.Floats * 4.0 / t.Exchanges / 1e6, training = result.Reports.Sum(r => r.Seconds);
        if (!t.Timed) return $"Gradient all-reduce: {t.Exchanges} exchanges of {mb:0.00} MB on the device stream (not timed on the host).";
        return $"Gradient all-reduce: {t.Exchanges} exchanges of {mb:0.00} MB, {t.ReduceSeconds / t.Exchanges * 1e3:0.000} ms each in MPI_Allreduce, " +
            $"{t.WaitSeconds / t.Exchanges * 1e3:0.000} ms of it waited for after the backward pass; in all {t.ReduceSeconds / training:0.0%} of rank 0's " +
            $"training time in the all-reduce, {t.WaitSeconds / training:0.0%} waited for.";
    }
}
