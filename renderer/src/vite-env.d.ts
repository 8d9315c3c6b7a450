// Vite's client types: lets the entry import .css files.
/// <reference types="vite/client" />
