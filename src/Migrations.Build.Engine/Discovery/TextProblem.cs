namespace Migrations.Build.Engine.Discovery;

/// <summary>Why a file's bytes could not be used as SQL text, and where (1-based).</summary>
internal sealed record TextProblem(int Line, int Column, string Message);
