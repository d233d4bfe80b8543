using KernelGen.Distributed;
using KernelGen.Models.Data;
using KernelGen.Models.Training;
using KernelGen.Models.Vaes;

namespace KernelGen.Tests.Docs;

/// <summary>
/// The library program of docs/scaling.md, verbatim between the markers: compiled with the tests, so the page shows the
/// API as it is. It runs only as a rank under mpirun; <c>kernelgen train --data-parallel</c> (the CLI tests run it
/// under mpirun) makes the same calls.
/// </summary>
internal static class DataParallelExample
{
    public static void Run(Accelerator accelerator, DataSplits data)
    {
        // docs:begin
        using var dp = DataParallel.Start(accelerator);                // every rank: MPI (and NCCL on CUDA), the exchange
        using var vae = new Vae(new VaeOptions { BatchSize = 128 });    // the global batch
        vae.UseDataParallel(dp.Communicator, dp.Exchange);             // before Build: this model is one replica
        vae.Build(accelerator, data.Train);

        // Every rank names the folder: rank 0 alone writes into it, and with Resume = true every rank reads its checkpoint.
        var trainer = new Trainer(vae, data, new TrainerOptions { Epochs = 10, OutputDirectory = "runs/vae-dp" });
        trainer.Run();
        dp.Finish();                                                   // MPI_Finalize, on every rank
        // docs:end
    }
}
