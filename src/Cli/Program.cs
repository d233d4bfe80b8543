using System.CommandLine;
using KernelGen.Cli;

var root = new RootCommand("kernelgen: generative models on KernelGen's own kernels (CUDA, OpenCL, CPU).")
{
    DevicesCommand.Create(),
    DemoCommand.Create(),
};
root.SetAction(result =>
{
    new System.CommandLine.Help.HelpAction().Invoke(result);
    return 0;
});
return CliErrors.Run(root, args);
