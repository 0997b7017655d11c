// The compiled dictionaries `web/vite/compiledMessages.ts` serves.
declare module 'virtual:messages/*' {
  const messages: import('./compile.ts').CompiledMessages;
  export default messages;
}
