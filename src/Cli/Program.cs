using System.CommandLine;
using KernelGen.Cli;

return CliErrors.Run(() =>
{
    Terminal.Configure();
    var train = TrainCommand.Create();
    var root = new RootCommand("kernelgen: train and use generative models on KernelGen's own kernels (CUDA, OpenCL, CPU).\n" +
        "Start with 'kernelgen train vae --epochs 3': a VAE on the built-in MNIST digits, on the fastest device.")
    {
        train,
        ModelsCommand.Create(),
        DevicesCommand.Create(),
        DemoCommand.Create(),
    };
    foreach (var use in UseCommands.Create()) root.Add(use);
    root.Add(MeasureCommand.Create());
    root.Add(ImportCommand.Create());
    root.Add(Verbose.Option);
    TrainHelp.Install(root, train);
    root.SetAction(result =>
    {
        new System.CommandLine.Help.HelpAction().Invoke(result);
        return 0;
    });
    return root;
}, args);
