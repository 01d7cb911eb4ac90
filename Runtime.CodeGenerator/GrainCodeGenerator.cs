using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrleansBackend.Runtime.CodeGenerator;

/// <summary>
/// Generates, at build time, what the runtime would otherwise need reflection for: a reference class per grain
/// interface, a request class per method, a serializer per [GenerateSerializer] type, an activator per grain
/// class, and an assembly manifest that registers them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainCodeGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var types = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is TypeDeclarationSyntax type && (type.BaseList is not null || type.AttributeLists.Count > 0),
                static (syntaxContext, cancellationToken) => ModelBuilder.Build(syntaxContext, cancellationToken))
            .Where(static result => result is not null)
            .Collect();
        var assemblyName = context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName ?? "Assembly");
        context.RegisterSourceOutput(types.Combine(assemblyName), static (production, pair) => SourceEmitter.Emit(production, pair.Left, pair.Right));
    }
}
