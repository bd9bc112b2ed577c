"""The privacy statement: who is responsible, what data, why, how long, and your rights."""
